/**
 * unode on Apache Spark: {@link io.github.unode.spark.NoveltyTransformer}, a Spark ML transformer
 * that scores a DataFrame of images with a saved detector loaded once per executor
 * ({@link io.github.unode.spark.DetectorCache}), and {@link io.github.unode.spark.ScoreJob}, the
 * {@code spark-submit} job that scores a folder or a table into Parquet.
 */
package io.github.unode.spark;
