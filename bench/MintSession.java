import dev.loopreg.auth.Identity;
import dev.loopreg.auth.Role;
import dev.loopreg.auth.SessionCookies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Prints a session cookie's value for bench/serve-signed-in.sh, signed with the key the server under test is given
 * ($LOOPREG_SESSION_KEY), so the load generator can request the pages as a signed-in person without a browser.
 * usage: java -cp target/loopreg.jar bench/MintSession.java ROLE
 */
public class MintSession {
    public static void main(String[] args) {
        SessionCookies c = new SessionCookies(System.getenv("LOOPREG_SESSION_KEY").getBytes(StandardCharsets.UTF_8), Duration.ofHours(8));
        Identity who = new Identity("https://idp.invalid", "bench", "bench@example.com", true, "bench", List.of());
        System.out.println(c.encode(c.start(who, Role.parse(args[0]).orElseThrow(), Instant.now())));
    }
}
