package io.cmkworker.domain;

/** How an onboarding ended. Mirrors the outcome event's status one to one. */
public enum Verdict {
    /** The Platform finished the job: the organisation's data is encrypted with its own key. */
    COMPLETED,
    /** The Platform's job failed (key, key vault or CMK app setup). */
    FAILED,
    /** The request was invalid; no Platform call was made. */
    REJECTED,
    /** The deadline passed before the job reached a terminal status. */
    TIMED_OUT,
    /** The Platform refused the request, or the worker cannot go on with it. */
    ERROR
}
