package portal.opensearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node with its modules on the class path, started the way OpenSearch's test
 * framework starts MockNode: the plugin classes are handed to Node directly, so no plugin
 * directory, no distribution and no security policy are needed.
 *
 * <pre>java -cp … portal.opensearch.PortalNode HOME HTTP_PORT TRANSPORT_PORT [key=value …]</pre>
 *
 * HOME holds the data and logs (a temporary folder). The node listens on 127.0.0.1 only, as a
 * single-node cluster, and stops cleanly on SIGTERM.
 */
public final class PortalNode extends Node {

    private PortalNode(Settings settings) {
        super(
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "po-portalen"),
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class),
            true
        );
    }

    static Settings settings(Path home, String httpPort, String transportPort, String[] extra) {
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "po-portalen-test")
            .put("node.name", "po-portalen")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("discovery.type", "single-node")
            // A nearly full disk on a shared machine must not make the indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String pair : extra) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected key=value, got " + pair);
            }
            builder.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return builder.build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PortalNode HOME HTTP_PORT TRANSPORT_PORT [key=value ...]");
            System.exit(2);
        }
        String[] extra = java.util.Arrays.copyOfRange(args, 3, args.length);
        Node node = new PortalNode(settings(Path.of(args[0]), args[1], args[2], extra));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "po-portalen-shutdown"));
        node.start();
        System.out.println("po-portalen: OpenSearch " + org.opensearch.Version.CURRENT
            + " listening on 127.0.0.1:" + args[1]);
        closed.await();
    }
}
