/**
 * unode's own helpers, not API: the engine's helpers, statistics, hashing, files written
 * atomically and outputs guarded against replacement. The module descriptor exports this package
 * only to unode's other library modules; on the class path it is reachable, but it may change in
 * any release without notice.
 */
package io.github.unode.internal;
