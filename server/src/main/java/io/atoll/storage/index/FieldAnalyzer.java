package io.atoll.storage.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;

/**
 * The analyzer a shard's index writer is opened with: each text field through the analyzer of its path in the
 * collection's current {@link TextAnalysis}. The writer keeps one analyzer for its life, so the analysis is swapped
 * here. Swap it only while no document is being written (the engine's write lock), so that a document's tokens
 * and its marker come from one analysis.
 */
public final class FieldAnalyzer extends DelegatingAnalyzerWrapper {
    private volatile TextAnalysis analysis;

    public FieldAnalyzer(TextAnalysis analysis) {
        super(PER_FIELD_REUSE_STRATEGY);
        this.analysis = analysis;
    }

    public TextAnalysis analysis() {
        return analysis;
    }

    public void use(TextAnalysis next) {
        this.analysis = next;
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
        return analysis.valueAnalyzer(FieldNames.pathOfText(fieldName));
    }
}
