package dev.crmoutbound.support;

import java.io.IOException;
import java.net.Socket;

/** Sockets a test or benchmark is done with, or gives up on. */
public final class Sockets {

    private Sockets() {
    }

    /** Closes the socket, if there is one; a failure to close changes nothing, the connection is given up either way. */
    public static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // given up either way
        }
    }
}
