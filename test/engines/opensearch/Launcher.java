import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts a single-node OpenSearch in this JVM for Driftwood's tests.
 * Usage: java -cp 'lib/*' Launcher.java BASE_PATH HTTP_PORT TRANSPORT_PORT
 * Runs until the process is killed or its standard input closes.
 */
public class Launcher {
  public static void main(String[] args) throws Exception {
    String basePath = args[0];
    int httpPort = Integer.parseInt(args[1]);
    int transportPort = Integer.parseInt(args[2]);
    OpenSearchRunner runner = new OpenSearchRunner();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { runner.close(); } catch (Exception e) { e.printStackTrace(); }
    }));
    runner.onBuild((index, settings) -> {
      settings.put("http.port", String.valueOf(httpPort));
      settings.put("transport.port", String.valueOf(transportPort));
      settings.put("network.host", "127.0.0.1");
      settings.put("discovery.type", "single-node");
      settings.remove("cluster.initial_cluster_manager_nodes");
      settings.remove("discovery.seed_hosts");
      settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
      settings.put("action.auto_create_index", true);
    });
    try {
      runner.build(OpenSearchRunner.newConfigs().basePath(basePath).numOfNode(1).clusterName("driftwood-test").printOnFailure().useLogger());
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
    System.out.println("driftwood-engine: opensearch node started on http port " + httpPort);
    // Exit when the parent goes away (its end of our stdin closes).
    while (System.in.read() != -1) { /* ignore input */ }
    System.exit(0);
  }
}
