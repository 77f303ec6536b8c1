/**
 * FCDD network architectures (paper App. D): layer lists, receptive-field arithmetic computed from
 * them, and their construction as Deeplearning4j networks.
 */
package io.fcddspark.nets;
