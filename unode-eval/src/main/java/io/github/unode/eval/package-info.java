/** Evaluation: methods (UNODE and the baselines) run side by side, per-task results and listeners. */
package io.github.unode.eval;
