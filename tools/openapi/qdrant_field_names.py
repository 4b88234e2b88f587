#!/usr/bin/env python3
"""Writes the facts QdrantFieldNamesTest compares Atoll's /openapi.json with: for the endpoints Atoll and Qdrant
both serve, the names of Qdrant's request and result schemas, and the property names of every schema reachable
from them. Only names are taken from Qdrant's description (facts, not its text).

Run from the repository's root when the Qdrant release followed changes, or when Atoll serves another of
Qdrant's endpoints (the test says so):

    python3 tools/openapi/qdrant_field_names.py [--qdrant-repo /work/.mirror/qdrant+qdrant/repo] [--tag v1.19.0]

It reads Qdrant's docs/redoc/master/openapi.json at the tag from a clone of github.com/qdrant/qdrant, Atoll's
description from the server's resources, and writes the facts file next to the test's resources.
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ATOLL = Path("server/src/main/resources/io/atoll/api/rest/openapi.json")
FACTS = Path("server/src/test/resources/io/atoll/api/rest/qdrant-field-names.json")
QDRANT_SPEC = "docs/redoc/master/openapi.json"
METHODS = ("get", "put", "post", "patch", "delete")
REF = "#/components/schemas/"


def endpoints(doc):
    """'METHOD /path/{}' (parameter names left out, as they differ) -> (path as written, operation)."""
    out = {}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in METHODS:
                out[method.upper() + " " + re.sub(r"\{[^}/]*}", "{}", path)] = (path, op)
    return out


def ref_name(schema):
    """The component a schema names: X for a $ref to X, [X] for an array of them, else None."""
    if not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        return schema["$ref"][len(REF):]
    if schema.get("type") == "array":
        inner = ref_name(schema.get("items"))
        return "[" + inner + "]" if inner else None
    return None


def request_of(op):
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return ref_name(schema)


def result_of(op):
    """The component in the 200 answer: inside Qdrant's envelope ({"result": ...}) or the body itself."""
    schema = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema")
    if not isinstance(schema, dict):
        return None
    result = schema.get("properties", {}).get("result")
    return ref_name(result) if result is not None else ref_name(schema)


def refs_in(node):
    """Every component named anywhere inside a schema."""
    if isinstance(node, dict):
        if "$ref" in node and node["$ref"].startswith(REF):
            yield node["$ref"][len(REF):]
        for v in node.values():
            yield from refs_in(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs_in(v)


def variant(v):
    """One member of a union: the properties of an inline object, the component a $ref names, else its type."""
    if "properties" in v:
        return {"properties": sorted(v["properties"])}
    if "$ref" in v:
        return {"ref": v["$ref"][len(REF):]}
    return {"type": v.get("type", "any")}


def shape(schema):
    """A schema's names: its properties, the members of a union, or the values of an enum."""
    if "properties" in schema:
        return {"properties": sorted(schema["properties"]), "required": sorted(schema.get("required", []))}
    for union in ("anyOf", "oneOf"):
        if union in schema:
            return {"variants": [variant(v) for v in schema[union]]}
    if "enum" in schema:
        return {"enum": sorted(str(e) for e in schema["enum"])}
    return {"type": schema.get("type", "any")}


def compact(facts):
    """JSON with one line per endpoint and per schema, so that a regeneration's diff shows what changed."""
    lines = ["{"]
    items = list(facts.items())
    for i, (key, value) in enumerate(items):
        end = "," if i < len(items) - 1 else ""
        if isinstance(value, dict):
            lines.append(f" {json.dumps(key)}: {{")
            entries = list(value.items())
            for j, (k, v) in enumerate(entries):
                lines.append(f"  {json.dumps(k)}: {json.dumps(v)}" + ("," if j < len(entries) - 1 else ""))
            lines.append(" }" + end)
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value)}{end}")
    return "\n".join(lines) + "\n}\n"


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--qdrant-repo", default="/work/.mirror/qdrant+qdrant/repo")
    args.add_argument("--tag", default="v1.19.0")
    opts = args.parse_args()
    qdrant = json.loads(subprocess.run(["git", "-C", opts.qdrant_repo, "show", opts.tag + ":" + QDRANT_SPEC],
                                       check=True, capture_output=True, text=True).stdout)
    atoll = json.loads(ATOLL.read_text())
    theirs = endpoints(qdrant)
    ours = endpoints(atoll)
    common = {}
    roots = set()
    for key in sorted(set(theirs) & set(ours)):
        op = theirs[key][1]
        common[key] = {"request": request_of(op), "result": result_of(op)}
        for name in (common[key]["request"], common[key]["result"]):
            if name:
                roots.add(name.strip("[]"))
    # The schemas both descriptions define, walked from the shared endpoints' requests and results, and those
    # they name: where Atoll's description follows Qdrant's, and one step beyond, where it may start to.
    schemas = qdrant["components"]["schemas"]
    shared = set(atoll["components"]["schemas"])
    seen = set()
    todo = sorted(roots | (shared & set(schemas)))
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        # unions are looked through: their members are what a field holds
        if name in shared or name in roots or "anyOf" in schemas[name] or "oneOf" in schemas[name]:
            todo.extend(r for r in refs_in(schemas[name]) if r not in seen)
    facts = {
        "source": "github.com/qdrant/qdrant " + opts.tag + " " + QDRANT_SPEC,
        "generated_by": "tools/openapi/qdrant_field_names.py",
        "qdrant_endpoints": sorted(theirs),
        "qdrant_schema_names": sorted(schemas),
        "endpoints": common,
        "schemas": {n: shape(schemas[n]) for n in sorted(seen)},
    }
    FACTS.parent.mkdir(parents=True, exist_ok=True)
    FACTS.write_text(compact(facts))
    print(f"{len(common)} endpoints in common, {len(facts['schemas'])} schemas: {FACTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
