#!/usr/bin/env python3
"""The hnswlib baseline of `./atoll bench`: the same points, queries and ground truth, built and searched by
hnswlib (Debian's python3-hnswlib) in this process, with the graph parameters Atoll uses.

Prints one JSON object: the build rate and, for each hnsw_ef and thread count, recall@10 and QPS. Queries run as
one batch call per pass (hnswlib spreads a batch over its threads), repeated until at least --min-seconds have
passed, so Python's own per-call cost is spread over the whole batch.

Run by io.atoll.bench.HnswlibBaseline; on its own:
  python3 bench/hnswlib_baseline.py --dataset DIR --points 10000 --queries 200 --truth truth.ivecs
"""
import argparse
import json
import sys
import time

try:
    import hnswlib
    import numpy as np
except ImportError as e:  # the Java side says what to install
    print(json.dumps({"missing": str(e)}))
    sys.exit(0)


def fvecs(path, rows):
    """The first `rows` vectors of a texmex .fvecs file (each row: int32 dimension, then that many float32)."""
    with open(path, "rb") as f:
        dim = int(np.frombuffer(f.read(4), dtype=np.int32)[0])
        f.seek(0)
        raw = np.frombuffer(f.read(rows * (dim + 1) * 4), dtype=np.float32)
    if raw.size < rows * (dim + 1):
        raise SystemExit(f"{path} has fewer than {rows} rows")
    return raw.reshape(rows, dim + 1)[:, 1:].copy()


def ivecs(path, rows):
    with open(path, "rb") as f:
        k = int(np.frombuffer(f.read(4), dtype=np.int32)[0])
        f.seek(0)
        raw = np.frombuffer(f.read(rows * (k + 1) * 4), dtype=np.int32)
    return raw.reshape(rows, k + 1)[:, 1:]


def version():
    try:
        from importlib.metadata import version as installed
        return installed("hnswlib")
    except Exception:  # an install without metadata
        return "unknown"


def recall(labels, truth, k):
    hits = sum(len(set(found[:k]) & set(true[:k])) for found, true in zip(labels.tolist(), truth.tolist()))
    return hits / (k * len(truth))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dataset", required=True)
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--queries", type=int, required=True)
    p.add_argument("--truth", required=True, help="ivecs of the exact neighbours of each query (row ids)")
    p.add_argument("--ef", default="16,32,64,128,256")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=100)
    p.add_argument("--min-seconds", type=float, default=1.0)
    a = p.parse_args()
    k = 10
    base = fvecs(f"{a.dataset}/base-100k.fvecs", a.points)
    queries = fvecs(f"{a.dataset}/query.fvecs", a.queries)
    truth = ivecs(a.truth, a.queries)
    threads = [int(t) for t in a.threads.split(",")]

    index = hnswlib.Index(space="cosine", dim=base.shape[1])
    index.init_index(max_elements=a.points, M=a.m, ef_construction=a.ef_construction, random_seed=100)
    build_threads = max(threads)
    start = time.perf_counter()
    index.add_items(base, np.arange(a.points), num_threads=build_threads)
    build_seconds = time.perf_counter() - start

    searches = []
    for ef in [int(e) for e in a.ef.split(",")]:
        index.set_ef(max(ef, k))
        for t in threads:
            labels, _ = index.knn_query(queries, k=k, num_threads=t)  # warm-up, and the recall
            passes, start = 0, time.perf_counter()
            while True:
                index.knn_query(queries, k=k, num_threads=t)
                passes += 1
                elapsed = time.perf_counter() - start
                if elapsed >= a.min_seconds:
                    break
            searches.append({"ef": ef, "threads": t, "recall": recall(labels, truth, k),
                             "qps": passes * len(queries) / elapsed})
    print(json.dumps({"version": version(), "m": a.m,
                      "ef_construction": a.ef_construction, "build_threads": build_threads,
                      "build_points_per_sec": a.points / build_seconds, "searches": searches}))


if __name__ == "__main__":
    main()
