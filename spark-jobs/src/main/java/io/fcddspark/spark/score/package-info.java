/** The score job: a trained model applied to new images, with decisions at a chosen threshold. */
package io.fcddspark.spark.score;
