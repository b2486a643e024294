/** Evaluation reports in Markdown, CSV and JSON, with ROC and score plots. */
package io.github.unode.eval.report;
