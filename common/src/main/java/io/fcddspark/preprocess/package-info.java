/**
 * Pre-processing and augmentation of training images (paper App. E), pure functions over float CHW
 * arrays.
 */
package io.fcddspark.preprocess;
