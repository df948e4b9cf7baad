package dev.jeton.vocabulary;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JsonValuesTest {

    @Test
    void everyJsonTypeKeepsItsTypeAndNullsAreDropped() {
        var object = Json.createReader(new StringReader("{\"name\":\"Carol\",\"updated_at\":1764633600,"
                + "\"ratio\":0.5,\"email_verified\":true,\"x\":false,\"gone\":null,"
                + "\"address\":{\"locality\":\"Paris\",\"po\":null},\"groups\":[\"a\",null,2]}")).readObject();
        Map<String, Object> map = JsonValues.toMap(object);
        assertEquals("Carol", map.get("name"));
        assertEquals(1764633600L, map.get("updated_at"));
        assertEquals(new BigDecimal("0.5"), map.get("ratio"));
        assertEquals(Boolean.TRUE, map.get("email_verified"));
        assertEquals(Boolean.FALSE, map.get("x"));
        assertFalse(map.containsKey("gone"));
        assertEquals(Map.of("locality", "Paris"), map.get("address"));
        assertEquals(List.of("a", 2L), map.get("groups"));
        // and back to the same JSON (what the admin API answers and the store writes)
        assertEquals("{\"locality\":\"Paris\"}", Json.createObjectBuilder(map).build().getJsonObject("address").toString());
    }
}
