/** The {@code unode} command line (picocli): {@link io.github.unode.cli.UnodeCli} and its exit codes, {@link io.github.unode.cli.ExitCodes}. */
package io.github.unode.cli;
