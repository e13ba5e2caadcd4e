package bbh.tenant.systemd;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/**
 * The part of systemd's {@code org.freedesktop.systemd1.Manager} D-Bus interface bbh calls, as
 * dbus-java wants it: method names and argument order exactly as in org.freedesktop.systemd1(5).
 * dbus-java builds a proxy from it; nothing implements it in Java.
 */
@DBusInterfaceName(Systemd1Manager.INTERFACE)
public interface Systemd1Manager extends DBusInterface {

    /** The well-known bus name systemd's manager owns. */
    String BUS_NAME = "org.freedesktop.systemd1";
    /** The manager's object path. */
    String OBJECT_PATH = "/org/freedesktop/systemd1";
    /** The manager's interface. */
    String INTERFACE = "org.freedesktop.systemd1.Manager";

    /** Enqueues a start job; returns the job's object path at once (the job runs later). */
    DBusPath StartUnit(String name, String mode);

    /** Enqueues a stop job; returns the job's object path. */
    DBusPath StopUnit(String name, String mode);

    /** Enqueues a restart job; returns the job's object path. */
    DBusPath RestartUnit(String name, String mode);

    /** The unit's object path, loading it from disk first if it is not in memory. */
    DBusPath LoadUnit(String name);

    /** daemon-reload: replies when the reload is done, generators included. */
    void Reload();

    /**
     * Asks the manager to emit its signals (JobNew, JobRemoved, UnitNew, ...) to this client; without
     * it systemd sends them only while some client is subscribed. Undone when the client disconnects.
     */
    void Subscribe();

    /**
     * Sent when a job ended, for whatever reason: {@code JobRemoved(u id, o job, s unit, s result)}.
     * dbus-java maps the signal to this class by its simple name and the enclosing interface's name,
     * and fills the constructor's arguments in the signal's order.
     */
    class JobRemoved extends DBusSignal {
        private final long id;
        private final String job;
        private final String unit;
        private final String result;

        public JobRemoved(String objectPath, UInt32 id, DBusPath job, String unit, String result)
                throws DBusException {
            super(objectPath, id, job, unit, result);
            this.id = id.longValue();
            this.job = job.getPath();
            this.unit = unit;
            this.result = result;
        }

        /** The job's number, the last part of its path. */
        public long id() {
            return id;
        }

        /** The job's object path, as StartUnit and friends returned it. */
        public String job() {
            return job;
        }

        /** The unit the job was for. */
        public String unit() {
            return unit;
        }

        /** done, canceled, timeout, failed, dependency or skipped. */
        public String result() {
            return result;
        }
    }
}
