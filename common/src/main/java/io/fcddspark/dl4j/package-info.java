/** Deeplearning4j plumbing: enabling and checking the oneDNN layer helpers, weight init. */
package io.fcddspark.dl4j;
