/**
 * The FCDD objective (paper Eq. 2 and Sec. 4.2): pure formulas in {@link
 * io.fcddspark.loss.FcddObjective} and their Deeplearning4j loss-function wrappers.
 */
package io.fcddspark.loss;
