import pytest


@pytest.fixture
def convenor_client(client, application):
    """The test client logged in as the convenor of the module's ``application``."""
    client.force_login(application.convenor)
    return client
