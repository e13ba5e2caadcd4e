package bbh.tenant.systemd;

/** A D-Bus client connection that says when the other side breaks it, and can be closed. */
interface BusConnection extends AutoCloseable {

    /**
     * Runs {@code action} once, on a dbus-java thread, when the connection breaks from the other
     * side; not when {@link #close()} closes it.
     */
    void whenLost(Runnable action);

    @Override
    void close();
}
