package dev.jeton.it;

import java.util.Map;

/** Reads one series out of the Prometheus text format (/metrics), the way a scraper would. */
final class PrometheusText {

    private final String text;

    PrometheusText(String text) {
        this.text = text;
    }

    static PrometheusText scrape() {
        var response = Http.get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new PrometheusText(response.body());
    }

    /** Whether a sample line of this metric exists. */
    boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels}; 0 when there are none. */
    double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = labels.entrySet().stream()
                    .allMatch(l -> series.contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return text;
    }
}
