"""Private files on S3-compatible storage (django-storages), against moto's S3 server started
here: signed PDFs are stored in the bucket under the prefix, downloads still pass the permission
check and stream the bytes, /healthz and the backup work through the same storage."""

import socket

import boto3
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from storages.backends.s3 import S3Storage

from communities import workflow
from communities.models import SignedDocument
from config.env import private_storage_from_env
from core.backups import storage_names
from testsupport.flow import application_in, school_admin_of

BUCKET = "plc-private"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch):
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "ap-northeast-1",
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "S3_PREFIX": "private/",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="ap-northeast-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    if BUCKET not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(
            Bucket=BUCKET,
            CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"},
        )
    settings.STORAGES = {**settings.STORAGES, "default": private_storage_from_env("/unused")}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def test_without_a_bucket_the_private_folder_is_used(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)

    assert private_storage_from_env("/srv/plc/private") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/plc/private"},
    }


@pytest.mark.django_db
def test_signed_pdfs_live_in_the_bucket_and_downloads_keep_the_permission_check(
    s3_storage, program, client
):
    assert isinstance(storages["default"], S3Storage)
    application = application_in(workflow.SUBMITTED, program, name="雲端儲存的社群")
    document = SignedDocument.objects.get(application=application, form="plan")

    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"private/{document.file.name}" in keys
    stored = s3_storage.get_object(Bucket=BUCKET, Key=f"private/{document.file.name}")
    data = stored["Body"].read()
    assert data.startswith(b"%PDF-")
    # The objects are not public: no ACL grants anyone but the owner.
    grants = s3_storage.get_object_acl(Bucket=BUCKET, Key=f"private/{document.file.name}")
    assert all("AllUsers" not in str(g["Grantee"]) for g in grants["Grants"])

    url = reverse("communities:document_download", args=[application.pk, "plan"])
    assert client.get(url).status_code == 302  # a visitor is sent to log in
    client.force_login(school_admin_of(application))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data

    assert client.get("/healthz").json()["checks"]["storage"] == {"ok": True}
    assert document.file.name in storage_names()
