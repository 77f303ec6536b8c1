/**
 * Heatmaps: Gaussian receptive-field upsampling (paper Alg. 1), quantile contrast normalisation
 * (App. C) and colour mapping.
 */
package io.fcddspark.heatmap;
