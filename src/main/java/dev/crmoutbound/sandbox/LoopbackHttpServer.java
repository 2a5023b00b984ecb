package dev.crmoutbound.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The JDK's HTTP server on 127.0.0.1, with Nagle's algorithm off. The JDK server flushes a response's
 * headers and writes its body as two small packets; with Nagle on, the body waits for the client's
 * delayed ACK, and every answer takes about 40 ms however fast it was made.
 */
public final class LoopbackHttpServer {

    static {
        // read once, when the JDK server's configuration class is first loaded
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer() {
    }

    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
    }
}
