// A throw-away two-node Elasticsearch cluster whose nodes can be stopped and started one at a time, for the test
// that stopping a node leaves search answering (tests/test_search_elasticsearch.py). Run with the engine's classpath:
//   java -cp "$(cat var/search-engine/classpath.txt)" search/engine/NodeControl.java DATA_DIR BASE_PORT
// Node N answers HTTP on BASE_PORT + N and talks to the other on BASE_PORT + 100 + N. Prints "ready" once both nodes
// have joined, then reads commands from standard input: "stop N", "start N", "quit"; each is answered with "done".
import java.io.BufferedReader;
import java.io.InputStreamReader;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

public class NodeControl {
    public static void main(String[] args) throws Exception {
        String basePath = args[0];
        int basePort = Integer.parseInt(args[1]);
        String seeds = "127.0.0.1:" + (basePort + 101) + ",127.0.0.1:" + (basePort + 102);
        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        runner.onBuild((number, settings) -> {
            settings.put("transport.port", String.valueOf(basePort + 101 + number));
            settings.putList("discovery.seed_hosts", seeds.split(","));
            // Naming the discovery seeds turns off a development cluster's own bootstrapping: name the masters too.
            settings.putList("cluster.initial_master_nodes", "Node 1", "Node 2");
            settings.put("http.host", "127.0.0.1");
            settings.put("transport.host", "127.0.0.1");
        });
        runner.build(ElasticsearchClusterRunner.newConfigs()
                .numOfNode(2)
                .baseHttpPort(basePort)
                .basePath(basePath)
                .clusterName("portal-node-test-" + basePort)
                .disableESLogger());
        runner.ensureYellow();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("stop")) {
                runner.getNode(Integer.parseInt(words[1]) - 1).close();
            } else if (words[0].equals("start")) {
                runner.startNode(Integer.parseInt(words[1]) - 1);
            } else if (words[0].equals("quit")) {
                break;
            }
            System.out.println("done");
            System.out.flush();
        }
        runner.close();
        runner.clean();
        System.out.println("done");
        System.exit(0);
    }
}
