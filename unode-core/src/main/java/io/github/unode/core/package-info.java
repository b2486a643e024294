/** What every module shares: image shapes, seeded random sources and the exceptions unode throws. */
package io.github.unode.core;
