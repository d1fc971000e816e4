package io.stowage.postgres.jdbc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.LinkedHashMap;

/**
 * Just enough of the PostgreSQL wire protocol to make the driver fail the way real servers make it fail,
 * without a server: refuses SSL, reads the startup packet, then asks for a cleartext password and/or
 * sends a FATAL error. Each accepted connection is handled by the next {@link Step} list.
 */
final class FakePgServer implements AutoCloseable {

    /** What the fake server does on one connection. */
    sealed interface Step permits AskPassword, Fatal {
    }

    /** AuthenticationCleartextPassword, then read the client's PasswordMessage. */
    record AskPassword() implements Step {
    }

    /** ErrorResponse with severity FATAL. */
    record Fatal(String sqlState, String message) implements Step {
    }

    /** What one connection sent. */
    record Seen(Map<String, String> startup, String password) {
    }

    private final ServerSocket socket;
    private final List<List<Step>> scripts;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;

    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied, never exposed
    FakePgServer(List<Step>... scripts) throws IOException {
        this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.scripts = List.copyOf(java.util.Arrays.asList(scripts));
        this.thread = new Thread(this::serve, "fake-pg");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        for (List<Step> script : scripts) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                handle(client, script);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client, List<Step> script) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        byte[] body;
        while (true) {
            int length = in.readInt();
            body = new byte[length - 4];
            in.readFully(body);
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
                out.write('N');
                out.flush();
                continue;
            }
            break;
        }
        Map<String, String> startup = new LinkedHashMap<>();
        String[] parts = new String(body, 4, body.length - 4, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            startup.put(parts[i], parts[i + 1]);
        }
        String password = null;
        for (Step step : script) {
            if (step instanceof AskPassword) {
                out.write('R');
                out.writeInt(8);
                out.writeInt(3);
                out.flush();
                int type = in.read();
                if (type != 'p') {
                    break; // the driver gave up: it has no password
                }
                byte[] pw = new byte[in.readInt() - 4];
                in.readFully(pw);
                password = new String(pw, 0, pw.length - 1, StandardCharsets.UTF_8);
            } else if (step instanceof Fatal fatal) {
                byte[] fields = ("SFATAL\0VFATAL\0C" + fatal.sqlState() + "\0M" + fatal.message() + "\0\0")
                        .getBytes(StandardCharsets.UTF_8);
                out.write('E');
                out.writeInt(fields.length + 4);
                out.write(fields);
                out.flush();
            }
        }
        seen.add(new Seen(startup, password));
        // Wait for the client to hang up so it reads everything we sent.
        try {
            while (in.read() >= 0) {
                // drain
            }
        } catch (IOException e) {
            // closed
        }
    }

    /**
     * The connections seen once there are {@code count} of them: the server records a connection
     * only after the client hung up, which may be just after the client's call returned.
     */
    List<Seen> awaitSeen(int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return seen;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
