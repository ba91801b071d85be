package dev.loopreg.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between a replica and PostgreSQL, for the fault tests: while {@link #cut} holds, its
 * connections stay open but carry no byte either way (a network partition as the replica sees it: its reads and writes
 * hang, nothing is refused); {@link #heal} lets the bytes held back through. A side that closes closes the other.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Object gate = new Object();
    private volatile boolean cut;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public TcpRelay(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "relay-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** The port to connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** From now on no byte passes, either way, on any connection (new ones are accepted and held too). */
    public void cut() {
        cut = true;
    }

    /** Bytes pass again, the held ones first. */
    public void heal() {
        synchronized (gate) {
            cut = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                try {
                    out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
                } catch (IOException refused) {
                    in.close();   // the server is down: the client sees its connection closed, as it would
                    continue;
                }
                open.add(in);
                open.add(out);
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                return;   // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = i.read(buf)) >= 0) {
                    waitWhileCut();
                    o.write(buf, 0, n);
                    o.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                try {
                    waitWhileCut();   // a close is news too: it passes only when bytes do
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void waitWhileCut() throws InterruptedException {
        synchronized (gate) {
            while (cut) gate.wait();
        }
    }

    private void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.remove(s);
    }

    @Override
    public void close() throws IOException {
        server.close();
        heal();
        for (Socket s : open) closeQuietly(s);
    }
}
