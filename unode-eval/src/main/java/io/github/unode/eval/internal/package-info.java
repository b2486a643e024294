/** unode-eval's own helpers, not API: the on-disk marks of a report folder. May change in any release. */
package io.github.unode.eval.internal;
