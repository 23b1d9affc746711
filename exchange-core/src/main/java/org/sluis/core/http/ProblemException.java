package org.sluis.core.http;

/** Thrown by a handler to end its request with a problem response. Expected, so it carries no stack trace. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    /** Wraps the problem to send. */
    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** The problem to send. */
    public Problem problem() {
        return problem;
    }
}
