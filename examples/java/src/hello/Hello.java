package hello;

/** Says hello from the Java runtime it runs on. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        String name = System.getenv().getOrDefault("GREETING_NAME", "world");
        System.out.printf("hello, %s, from Java %s as %s%n", name, Runtime.version(), System.getProperty("user.name"));
    }
}
