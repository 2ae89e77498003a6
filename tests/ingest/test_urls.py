"""URLs: fetching through an injected transport, every failure as a FetchError, and a real local server."""

from __future__ import annotations

import functools
import http.server
import threading

import httpx
import pytest

from storyline.errors import FetchError, InputError
from storyline.ingest.read import iter_inputs, read_entries, read_one
from storyline.ingest.urls import fetch

from .conftest import FIXTURES

PAGE = (FIXTURES / "page_fr.html").read_bytes()
RSS = (FIXTURES / "feed_rss.xml").read_bytes()


def serve(routes: dict[str, httpx.Response], seen: list[httpx.Request] | None = None) -> httpx.MockTransport:
    """A transport answering from ``routes`` (path -> response), 404 otherwise."""

    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return routes.get(request.url.path, httpx.Response(404))

    return httpx.MockTransport(handler)


def failing(exc_type: type[httpx.TransportError], message: str) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type(message, request=request)

    return httpx.MockTransport(handler)


def test_urls_html_page_by_content_type():
    transport = serve({"/story": httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})})
    [doc] = read_one("https://courrier.example/story", transport=transport)
    assert doc.origin == "https://courrier.example/story"
    assert doc.title == "Grève dans les transports : le trafic reste perturbé"
    assert "Mentions légales" not in doc.text


def test_urls_feed_by_content_type_even_without_an_extension():
    transport = serve({"/latest": httpx.Response(200, content=RSS,
                                                 headers={"content-type": "application/rss+xml; charset=utf-8"})})
    docs = list(iter_inputs(["https://harbour.example/latest"], transport=transport))
    assert [d.origin for d in docs[0][1]] == ["https://harbour.example/latest#1", "https://harbour.example/latest#2"]
    assert docs[1][0] == "https://harbour.example/latest#3"


def test_urls_vague_content_type_falls_back_to_sniffing():
    transport = serve({"/x": httpx.Response(200, content=RSS, headers={"content-type": "application/octet-stream"})})
    assert len(read_entries("https://harbour.example/x", transport=transport)) == 3


def test_urls_follow_redirects_and_send_a_user_agent():
    seen: list[httpx.Request] = []
    transport = serve({
        "/old": httpx.Response(301, headers={"location": "https://news.example/new"}),
        "/new": httpx.Response(200, text="The summit ended on Friday with a joint statement.",
                               headers={"content-type": "text/plain"}),
    }, seen)
    [doc] = read_one("https://news.example/old", transport=transport)
    assert doc.text == "The summit ended on Friday with a joint statement."
    assert [str(r.url) for r in seen] == ["https://news.example/old", "https://news.example/new"]
    assert seen[0].headers["user-agent"].startswith("storyline/")


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_urls_plain_text_is_decoded_with_the_declared_charset(charset):
    text = "Grève à Marseille : « les éboueurs reprennent le travail », a annoncé le maire."
    transport = serve({"/t": httpx.Response(200, content=text.encode(charset),
                                            headers={"content-type": f"text/plain; charset={charset}"})})
    assert read_one("https://news.example/t", transport=transport)[0].text == text


def test_urls_a_wrong_charset_falls_back_to_detection():
    transport = serve({"/t": httpx.Response(200, content="Le préfet a parlé.".encode(),
                                            headers={"content-type": "text/plain; charset=nonsense-8"})})
    assert read_one("https://news.example/t", transport=transport)[0].text == "Le préfet a parlé."


def test_urls_redirect_loop_is_a_fetch_error():
    transport = serve({"/loop": httpx.Response(302, headers={"location": "https://news.example/loop"})})
    with pytest.raises(FetchError, match=r"^cannot fetch URL: more than 5 redirects$"):
        read_one("https://news.example/loop", transport=transport)


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404 Not Found"), (503, "HTTP 503 Service Unavailable")])
def test_urls_http_errors_are_fetch_errors(status, message):
    transport = serve({"/a": httpx.Response(status)})
    with pytest.raises(FetchError, match=rf"^cannot fetch URL: {message}$"):
        read_one("https://news.example/a", transport=transport)


def test_urls_offline_is_a_clear_fetch_error():
    transport = failing(httpx.ConnectError, "[Errno -3] Temporary failure in name resolution")
    with pytest.raises(FetchError) as caught:
        read_one("https://news.example/a", transport=transport)
    assert str(caught.value) == ("cannot fetch URL: offline or host unknown "
                                 "([Errno -3] Temporary failure in name resolution)")


def test_urls_timeout_is_a_fetch_error():
    with pytest.raises(FetchError, match=r"^cannot fetch URL: timed out \(ReadTimeout\)$"):
        read_one("https://news.example/a", transport=failing(httpx.ReadTimeout, "read timed out"))


def test_urls_body_over_the_limit_is_refused_from_its_declared_length():
    transport = serve({"/big": httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/plain"})})
    with pytest.raises(FetchError, match=r"^cannot fetch URL: response larger than the limit \(1,000 bytes\)$"):
        read_one("https://news.example/big", transport=transport, max_bytes=1000)


def test_urls_body_over_the_limit_is_refused_while_streaming():
    chunks = [b"The council met. " * 40] * 5  # no Content-Length: chunked
    transport = serve({"/big": httpx.Response(200, content=iter(chunks), headers={"content-type": "text/plain"})})
    with pytest.raises(FetchError, match=r"response larger than the limit"):
        fetch("https://news.example/big", transport=transport, max_bytes=1000)


def test_urls_content_errors_stay_input_errors():
    transport = serve({"/nav": httpx.Response(200, content=(FIXTURES / "page_no_text.html").read_bytes(),
                                              headers={"content-type": "text/html"})})
    with pytest.raises(InputError, match=r"^no main text found in HTML$") as caught:
        read_one("https://news.example/nav", transport=transport)
    assert not isinstance(caught.value, FetchError)


@pytest.mark.parametrize(("url", "transport"), [
    ("https://news.example:notaport/", serve({})),
    ("https:///no-host", None),  # fails in httpx before any connection is tried
])
def test_urls_invalid_url_is_a_fetch_error(url, transport):
    with pytest.raises(FetchError, match=r"^cannot fetch URL: invalid URL \(.+\)$"):
        read_one(url, transport=transport)


# A real HTTP server on 127.0.0.1 serving the fixtures folder: the same code path as the web,
# without the web.

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def local_server():
    handler = functools.partial(_QuietHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_urls_local_server_page(local_server, no_proxy):
    [doc] = read_one(f"{local_server}/page_en.htm")
    assert doc.text.startswith("Flood defences along the river held overnight")
    assert doc.url == f"{local_server}/page_en.htm"  # no canonical link: where it was fetched


def test_urls_local_server_feeds(local_server, no_proxy):
    assert [d.title for d in read_one(f"{local_server}/feed_atom.atom")] == [
        "Avalanche : la route du col rouverte", "Neige : vigilance orange levée"]
    rss = [o for o, _ in iter_inputs([f"{local_server}/feed_rss.xml"])]
    assert rss == [f"{local_server}/feed_rss.xml", f"{local_server}/feed_rss.xml#3"]


def test_urls_closed_local_port_is_connection_refused(no_proxy):
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago, and now has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match=r"^cannot fetch URL: connection refused \("):
        read_one(f"http://127.0.0.1:{port}/page.html")


def test_urls_local_server_missing_page(local_server, no_proxy):
    with pytest.raises(FetchError, match=r"^cannot fetch URL: HTTP 404 File not found$"):
        read_one(f"{local_server}/missing.html")
