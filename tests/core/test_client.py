"""The client's address, believed from X-Forwarded-For only when a trusted proxy passed it on."""

import pytest
from django.test import RequestFactory

from connecting_people.core.client import client_address


def _request(remote_addr, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7")) == "203.0.113.7"


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    spoofed = _request("203.0.113.7", forwarded="198.51.100.1")
    assert client_address(spoofed) == "203.0.113.7"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(_request("10.0.0.5", forwarded="198.51.100.1")) == "198.51.100.1"


def test_the_right_most_untrusted_entry_wins_over_what_the_client_wrote(settings):
    # The client sent "1.2.3.4" itself; the organisation's gateway (a trusted network) and our
    # load balancer appended the real chain: the right-most untrusted entry is the client.
    settings.TRUSTED_PROXIES = ["10.0.0.5", "172.16.0.0/12"]
    request = _request("10.0.0.5", forwarded="1.2.3.4, 198.51.100.1, 172.16.4.4")
    assert client_address(request) == "198.51.100.1"


def test_ipv6_networks_are_understood(settings):
    settings.TRUSTED_PROXIES = ["2001:db8::/32"]
    request = _request("2001:db8::1", forwarded="2a00:1450::5")
    assert client_address(request) == "2a00:1450::5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "10.0.0.5"])
def test_a_useless_header_from_a_trusted_proxy_leaves_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(_request("10.0.0.5", forwarded=forwarded)) == "10.0.0.5"
