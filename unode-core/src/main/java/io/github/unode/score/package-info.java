/** Scoring: {@link io.github.unode.score.NoveltyDetector}, a trained detector that scores images, saves and loads, and {@link io.github.unode.score.NoveltyScorer}, its calibrated score and threshold. */
package io.github.unode.score;
