package dev.crmoutbound.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 as a hostile client writes it: any method, path, headers and body bytes, on a fresh
 * connection, nothing checked or fixed up. Answers the status the server sent (or -1 when it closed the
 * connection without one).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** {@code body} may be null; with {@code chunked} it is sent in chunks and without a length. */
    public static int send(int port, String method, String path, Map<String, String> headers, byte[] body,
                           boolean chunked) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null && !headers.containsKey("Content-Length")) {
                head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    write(out, body, chunked);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before it reads what it refuses
            }
            return status(socket.getInputStream());
        }
    }

    private static void write(OutputStream out, byte[] body, boolean chunked) throws IOException {
        if (!chunked) {
            out.write(body);
            return;
        }
        for (int at = 0; at < body.length; at += 65_536) {
            int n = Math.min(65_536, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        String[] parts = text.split(" ");
        return parts.length > 1 && text.startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }
}
