/** Baselines UNODE is measured against, such as the raw-pixel nearest neighbour. */
package io.github.unode.eval.baselines;
