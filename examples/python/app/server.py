"""A small web app: one page, rendered with the help of a C extension."""
import html
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from greeting import shout, compiler


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, "text/plain", "ok\n")
            return
        if self.path != "/":
            self.reply(404, "text/plain", "not found\n")
            return
        name = os.environ.get("GREETING_NAME", "world")
        page = (
            "<!doctype html><title>Hello</title>"
            f"<h1>{html.escape(shout('hello, ' + name))}</h1>"
            f"<p>Rendered by a C extension compiled with {html.escape(compiler())}, "
            f"on Python {sys.version.split()[0]}, as uid {os.getuid()}.</p>\n"
        )
        self.reply(200, "text/html; charset=utf-8", page)

    def reply(self, status, content_type, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main():
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer((host, port), Handler)
    print(f"serving on http://{host}:{port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
