package io.lumina.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files an operator uses: docker-compose.yml must be valid for docker-compose, and
 * the Kubernetes manifests must give every service actuator probes, scale ingestion and workers
 * horizontally, and take the database connection from a secret.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void composeFileIsValidForDockerCompose() throws Exception {
    Path compose = ROOT.resolve("docker-compose.yml");
    assertThat(compose).exists();
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
    Process process =
        new ProcessBuilder("docker-compose", "-f", compose.toString(), "config", "-q")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  void kubernetesManifestsRenderWithKubectlKustomize() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed (.ci/run installs kubernetes-client)");
    Process process =
        new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("deploy/k8s").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("kind: HorizontalPodAutoscaler", "name: lumina-ingestion", "name: lumina-worker");
  }

  @Test
  void clusteredComposeFilesAreValidForDockerCompose() throws Exception {
    assumeTrue(onPath("docker-compose"), "docker-compose is not installed (.ci/run installs it)");
    String output =
        run(
            "docker-compose",
            "-f",
            ROOT.resolve("docker-compose.yml").toString(),
            "-f",
            ROOT.resolve("docker-compose.cluster.yml").toString(),
            "config");
    assertThat(output)
        .contains("nats-2:", "nats-3:", "--cluster_name", "LUMINA_NATS_REPLICAS: '3'")
        .contains("nats://nats:4222,nats://nats-2:4222,nats://nats-3:4222");
  }

  @Test
  void clusteredKubernetesManifestsRender() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed (.ci/run installs kubernetes-client)");
    String output = run("kubectl", "kustomize", ROOT.resolve("deploy/k8s-cluster").toString());
    assertThat(output)
        .contains(
            "replicas: 3",
            "podAntiAffinity",
            "serviceName: lumina-nats-routes",
            "LUMINA_NATS_REPLICAS: \"3\"",
            "name: lumina-worker");
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void composeRunsTheWholeTopologyOnLoopbackPorts() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services)
        .containsKeys(
            "postgres",
            "nats",
            "ingestion",
            "worker-1",
            "worker-2",
            "query-api",
            "replay-engine",
            "dashboard");
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      Object ports = service.getValue().get("ports");
      if (ports instanceof List<?> list) {
        for (Object port : list) {
          assertThat(port.toString())
              .as("%s publishes only on the host's loopback", service.getKey())
              .startsWith("127.0.0.1:");
        }
      }
      assertThat(service.getValue())
          .as("%s has a health check", service.getKey())
          .containsKey("healthcheck");
    }
  }

  @Test
  void kubernetesDeploymentsHaveProbesSecretsAndAutoscaling() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    Path dir = ROOT.resolve("deploy/k8s");
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
          if (doc != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) doc;
            docs.add(map);
          }
        }
      }
    }
    Set<String> deployments = new HashSet<>();
    Set<String> autoscaled = new HashSet<>();
    for (Map<String, Object> doc : docs) {
      String kind = String.valueOf(doc.get("kind"));
      if (kind.equals("Deployment")) {
        String name = (String) get(doc, "metadata", "name");
        deployments.add(name);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containers =
            (List<Map<String, Object>>) get(doc, "spec", "template", "spec", "containers");
        for (Map<String, Object> container : containers) {
          assertThat((String) get(container, "readinessProbe", "httpGet", "path"))
              .as(name)
              .startsWith("/actuator/health");
          assertThat((String) get(container, "livenessProbe", "httpGet", "path"))
              .as(name)
              .startsWith("/actuator/health");
          assertThat(container.get("envFrom").toString()).as(name).contains("secretRef");
        }
      } else if (kind.equals("HorizontalPodAutoscaler")) {
        autoscaled.add((String) get(doc, "spec", "scaleTargetRef", "name"));
      }
    }
    assertThat(deployments)
        .contains(
            "lumina-ingestion",
            "lumina-worker",
            "lumina-query-api",
            "lumina-replay-engine",
            "lumina-dashboard");
    assertThat(autoscaled).contains("lumina-ingestion", "lumina-worker");
    assertThat(deployments).containsAll(autoscaled);
  }

  private static Object get(Map<String, Object> map, String... path) {
    Object current = map;
    for (String key : path) {
      assertThat(current).as("missing %s", String.join(".", path)).isInstanceOf(Map.class);
      current = ((Map<?, ?>) current).get(key);
    }
    return current;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
