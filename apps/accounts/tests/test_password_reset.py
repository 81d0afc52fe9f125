import re

import pytest
from django.core import mail

from apps.core.tasks import email_send_task

pytestmark = pytest.mark.django_db


def request_reset(client, email, run_queued_work):
    with run_queued_work():
        return client.post("/accounts/password-reset/", {"email": email})


def test_a_member_resets_a_forgotten_password_and_is_unlocked(tenant_a, owner_a, web_client, run_queued_work):
    client = web_client(tenant_a)
    for _ in range(5):
        client.post("/accounts/login/", {"email": owner_a.email, "password": "forgotten"})
    assert client.post("/accounts/login/", {"email": owner_a.email, "password": "x"}).status_code == 429

    response = request_reset(client, owner_a.email, run_queued_work)

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner_a.email]
    link = re.search(r"http://alpha\.kontor\.test(\S+)", mail.outbox[0].body).group(1)
    choose = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(choose, {"new_password1": "remembered-this-time-7", "new_password2": "remembered-this-time-7"})
    owner_a.refresh_from_db()
    assert owner_a.check_password("remembered-this-time-7")
    assert (
        client.post("/accounts/login/", {"email": owner_a.email, "password": "remembered-this-time-7"})["Location"]
        == "/"
    )


def test_no_mail_for_people_outside_the_company_and_the_same_answer(tenant_a, owner_b, web_client, run_queued_work):
    response = request_reset(web_client(tenant_a), owner_b.email, run_queued_work)

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_a_used_link_is_refused(tenant_a, owner_a, web_client, run_queued_work):
    client = web_client(tenant_a)
    request_reset(client, owner_a.email, run_queued_work)
    link = re.search(r"http://alpha\.kontor\.test(\S+)", mail.outbox[0].body).group(1)
    choose = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(choose, {"new_password1": "remembered-this-time-7", "new_password2": "remembered-this-time-7"})

    again = web_client(tenant_a).get(link, follow=True)

    assert again.context["validlink"] is False


def test_an_email_task_run_twice_sends_once(tenant_a):
    kwargs = {"message_key": "test:once", "to": ["a@b.test"], "subject": "Hi", "body": "Hello"}

    assert email_send_task.apply(kwargs=kwargs).get() is True
    assert email_send_task.apply(kwargs=kwargs).get() is False
    assert len(mail.outbox) == 1
