package io.github.unode.data;

/** The two standard parts of a data set. */
public enum Split {
    TRAIN,
    TEST
}
