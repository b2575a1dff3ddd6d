package org.dabba.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal RESP client: the raw Redis round trip, measured beside the app in the same run. */
final class RawRedis implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawRedis(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a command and returns the reply's payload (bulk string, simple line, an array's first), null for a nil. */
    byte[] call(String... args) throws IOException {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    /** One reply; of an array (a script's answer), its first element, the rest read and dropped. */
    private byte[] readReply() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                in.readNBytes(2);
                return data;
            }
            case '+', ':' -> {
                return line.getBytes(StandardCharsets.UTF_8);
            }
            case '*' -> {
                byte[] first = null;
                for (int i = 0, n = Integer.parseInt(line); i < n; i++) {
                    byte[] element = readReply();
                    if (i == 0) {
                        first = element;
                    }
                }
                return first;
            }
            default -> throw new IOException("Redis answered " + (char) type + line);
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\r'; ) {
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
