/** The fifteen CIFAR-10-C corruptions at five severities, for evaluating on corrupted test sets. */
package io.github.unode.eval.corrupt;
