package org.nigrani.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nigrani.console.store.Es;
import org.nigrani.elastic.schema.Indices;

/** The accounts, one document per user name in {@code console-users}. */
public final class Users {

    private final Es es;

    public Users(Es es) {
        this.es = es;
    }

    public Optional<User> find(String username) {
        JsonNode doc = es.get(Indices.USERS, username);
        return doc == null || !doc.path("found").asBoolean() ? Optional.empty() : Optional.of(user(doc.path("_source")));
    }

    /** Creates an account; fails when the name is taken. */
    public User add(String username, char[] password, Role role, Set<String> walledStations, String createdBy) {
        User user = new User(User.checkName(username), Passwords.hash(password), role, walledStations, false);
        ObjectNode doc = document(user);
        doc.put("created", Instant.now().toString());
        doc.put("created_by", createdBy);
        if (!es.create(Indices.USERS, user.username(), doc, Es.Refresh.WAIT_FOR)) {
            throw new IllegalArgumentException("the user name '" + username + "' is taken");
        }
        return user;
    }

    /** Replaces the stations {@code username} is walled off from. */
    public User wall(String username, Set<String> stations) {
        User u = find(username).orElseThrow(() -> new IllegalArgumentException("no user '" + username + "'"));
        User walled = new User(u.username(), u.passwordHash(), u.role(), stations, u.disabled());
        ObjectNode partial = Es.JSON.createObjectNode();
        ArrayNode list = partial.putArray("walled_stations");
        walled.walledStations().stream().sorted().forEach(list::add);
        es.update(Indices.USERS, username, partial, Es.Refresh.WAIT_FOR);
        return walled;
    }

    /** Gives {@code username} a new password (the demo's account, each run); fails when there is no such user. */
    public void setPassword(String username, char[] password) {
        if (find(username).isEmpty()) {
            throw new IllegalArgumentException("no user '" + username + "'");
        }
        ObjectNode partial = Es.JSON.createObjectNode();
        partial.put("password_hash", Passwords.hash(password));
        es.update(Indices.USERS, username, partial, Es.Refresh.WAIT_FOR);
    }

    public List<User> all() {
        ObjectNode q = Es.JSON.createObjectNode();
        q.put("size", 1000);
        q.putArray("sort").addObject().put("username", "asc");
        List<User> out = new ArrayList<>();
        for (JsonNode hit : es.search(Indices.USERS, q).path("hits").path("hits")) {
            out.add(user(hit.path("_source")));
        }
        return out;
    }

    private static ObjectNode document(User u) {
        ObjectNode doc = Es.JSON.createObjectNode();
        doc.put("username", u.username());
        doc.put("password_hash", u.passwordHash());
        doc.put("role", u.role().key());
        ArrayNode walls = doc.putArray("walled_stations");
        u.walledStations().stream().sorted().forEach(walls::add);
        doc.put("disabled", u.disabled());
        return doc;
    }

    private static User user(JsonNode s) {
        Set<String> walls = new LinkedHashSet<>();
        s.path("walled_stations").forEach(w -> walls.add(w.asText()));
        return new User(s.path("username").asText(), s.path("password_hash").asText(), Role.of(s.path("role").asText()),
                walls, s.path("disabled").asBoolean());
    }
}
