/** Evaluation protocols: one-class, multi-class (unlabeled, open-set). */
package io.github.unode.eval.protocol;
