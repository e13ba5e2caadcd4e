package bbh.network;

/** A tenant's network could not be rendered; the message names the metadata file and the field. */
final class NetworkRenderException extends Exception {
    private static final long serialVersionUID = 1L;

    NetworkRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
