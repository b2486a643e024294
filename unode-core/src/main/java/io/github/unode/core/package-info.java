/** What every module shares: image shapes, the exceptions unode throws, the engine's helpers, seeded random sources, statistics, files written atomically and outputs guarded against replacement. */
package io.github.unode.core;
