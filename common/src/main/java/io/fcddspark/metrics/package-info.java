/**
 * Exact, mergeable ranking metrics (ROC-AUC, average precision) with ties handled as scikit-learn
 * does, designed to be aggregated on Spark without collecting scores.
 */
package io.fcddspark.metrics;
