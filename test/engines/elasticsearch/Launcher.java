import org.elasticsearch.Build;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.AbstractHttpServerTransport;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.jar.JarFile;

/**
 * Starts a real single-node Elasticsearch (server + transport-netty4 jars from Maven Central) for tests.
 *
 * Usage: java -cp 'lib/*' Launcher.java HOME_DIR HTTP_PORT TRANSPORT_PORT   (Java 21+, lib/ from pom.xml)
 * With -Ddriftwood.exitOnStdinEof=true the node stops when its stdin closes (the parent process went away).
 *
 * The Netty module is registered the way the distribution does it: HOME/modules/transport-netty4/ holds the plugin
 * jar (from lib/modules/, which is not on the class path) and its plugin-descriptor.properties (copied out of that
 * jar). Readiness is polled over HTTP by the caller.
 */
public class Launcher {
    static volatile boolean removeHomeOnExit = false;

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Exit even though ES threads may still be alive, so the caller sees the failure at once.
            t.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME_DIR HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        linkSystemZstd(home.resolve("native"));
        // lib/ is where the server jar sits; lib/modules/transport-netty4/ holds the plugin jar (kept off the class path).
        Path lib = Path.of(Node.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        String fetch = "fetch the jars with: mvn -q -f test/engines/elasticsearch/pom.xml generate-resources";
        if (Launcher.class.getClassLoader().getResource("META-INF/es-plugins/transport-netty4/plugin-descriptor.properties") != null) {
            throw new IllegalStateException("the transport-netty4 jar must not be on the class path; " + fetch);
        }
        Path nettyJar;
        try (var jars = Files.newDirectoryStream(lib.resolve("modules/transport-netty4"), "transport-netty4-*.jar")) {
            nettyJar = jars.iterator().next();
        } catch (java.io.IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("no transport-netty4 jar in " + lib.resolve("modules/transport-netty4") + "; " + fetch, e);
        }
        Path netty = home.resolve("modules/transport-netty4");
        Files.createDirectories(netty);
        Files.createDirectories(home.resolve("config"));
        Files.copy(nettyJar, netty.resolve(nettyJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        try (JarFile jar = new JarFile(nettyJar.toFile())) {
            String descriptor = new String(
                jar.getInputStream(jar.getEntry("META-INF/es-plugins/transport-netty4/plugin-descriptor.properties")).readAllBytes()
            );
            // Drop "modulename": the server is on the class path (unnamed module), so the plugin is loaded non-modular too.
            Files.writeString(netty.resolve("plugin-descriptor.properties"), descriptor.replaceAll("(?m)^modulename=.*$", ""));
        }

        Settings settings = Settings.builder()
            .put("cluster.name", "driftwood-test")
            .put("node.name", "driftwood-es")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", args[2])
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", "true")
            .build();

        // Logging: INFO and up to stdout (the caller sends stdout to a log file).
        Files.writeString(home.resolve("config/log4j2.properties"), """
            status = error
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
            rootLogger.level = info
            rootLogger.appenderRef.console.ref = console
            """);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setClusterName("driftwood-test");
        LogConfigurator.setNodeName("driftwood-es");
        Environment env = new Environment(settings, home.resolve("config"));
        LogConfigurator.configure(env, true);

        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(home.resolve("modules"), false),
            Set.of(),
            Map.of(),
            false // the server is not a named module here, so there are no qualified exports to add
        );
        Node node = new Node(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
            if (removeHomeOnExit) {
                try (var paths = Files.walk(home)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
            stopped.countDown();
        }, "driftwood-es-shutdown"));
        addRootHandler(node);
        node.start();
        System.out.println("driftwood: elasticsearch node started, http port " + args[1]);
        if (Boolean.getBoolean("driftwood.exitOnStdinEof")) {
            // Started by test/engines/elasticsearch.ts: when that process dies, stdin closes and this node stops too.
            Thread watcher = new Thread(() -> {
                try {
                    while (System.in.read() != -1) {
                        // ignore input
                    }
                } catch (Exception e) {
                    // treat as closed
                }
                removeHomeOnExit = true; // nobody is left to clean up after us
                System.exit(0);
            }, "driftwood-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    /**
     * ES compresses stored fields with zstd through its native-access layer (index.codec: best_compression, and
     * index.mode: logsdb/time_series use it by default). The distribution ships libzstd in lib/platform; Maven Central
     * does not, so point es.nativelibs.path at the system's libzstd (Debian: libzstd1, which apt/dpkg depend on).
     * Without it those indices fail their shards; everything else works. ES's SIMD "vec" library is switched off (not
     * published either; Lucene's Java vector code is used instead).
     */
    static void linkSystemZstd(Path dir) throws Exception {
        System.setProperty("org.elasticsearch.nativeaccess.enableVectorLibrary", "false"); // no libvec.so to load
        for (String candidate : new String[] {
            "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
            "/usr/lib/aarch64-linux-gnu/libzstd.so.1",
            "/usr/lib64/libzstd.so.1",
            "/usr/lib/libzstd.so.1" }) {
            Path lib = Path.of(candidate);
            if (Files.exists(lib)) {
                Files.createDirectories(dir);
                Path link = dir.resolve(System.mapLibraryName("zstd"));
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, lib);
                System.setProperty("es.nativelibs.path", dir.toString());
                return;
            }
        }
        System.err.println("driftwood: no system libzstd found; best_compression and logsdb indices will not work");
    }

    /**
     * GET / and HEAD / live in the "rest-root" module, which is not published to Maven Central, so this adds the same
     * response (name, cluster, version block, tagline) straight to the node's RestController. Everything else is ES's own.
     */
    static void addRootHandler(Node node) throws Exception {
        HttpServerTransport http = node.injector().getInstance(HttpServerTransport.class);
        Field dispatcher = AbstractHttpServerTransport.class.getDeclaredField("dispatcher");
        dispatcher.setAccessible(true);
        RestController rest = (RestController) dispatcher.get(http);
        ClusterService clusterService = node.injector().getInstance(ClusterService.class);
        RestHandler root = (request, channel, client) -> {
            Build build = Build.current();
            XContentBuilder b = channel.newBuilder();
            b.startObject()
                .field("name", Node.NODE_NAME_SETTING.get(node.settings()))
                .field("cluster_name", clusterService.getClusterName().value())
                .field("cluster_uuid", clusterService.state().metadata().clusterUUID())
                .startObject("version")
                .field("number", build.qualifiedVersion())
                .field("build_flavor", build.flavor())
                .field("build_type", build.type().displayName())
                .field("build_hash", build.hash())
                .field("build_date", build.date())
                .field("build_snapshot", build.isSnapshot())
                .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                .endObject()
                .field("tagline", "You Know, for Search")
                .endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, b));
        };
        rest.registerHandler(new RestHandler.Route(RestRequest.Method.GET, "/"), root);
        rest.registerHandler(new RestHandler.Route(RestRequest.Method.HEAD, "/"), root);
    }
}
