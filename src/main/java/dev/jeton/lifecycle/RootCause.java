package dev.jeton.lifecycle;

/** The innermost cause of a failure, which is what tells an operator what went wrong (a driver's, a broker's). */
public final class RootCause {

    private RootCause() {
    }

    /** The last throwable of {@code e}'s cause chain ({@code e} itself when it has no cause). */
    public static Throwable of(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The root cause's simple class name and its message: {@code ConnectException: Connection refused}. */
    public static String summary(Throwable e) {
        Throwable t = of(e);
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
