/**
 * Pre-processing and augmentation of training images (paper App. E), pure functions over float CHW
 * arrays, and the seeded per-sample randomness they draw from.
 */
package io.fcddspark.preprocess;
