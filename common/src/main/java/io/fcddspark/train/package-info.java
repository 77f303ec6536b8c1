/** The train job's typed config and the pure parts of training (learning-rate schedules). */
package io.fcddspark.train;
