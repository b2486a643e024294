/** Detection metrics: AUROC, AUPR, FPR at 95% TPR, and rates at a threshold. */
package io.github.unode.eval.metrics;
