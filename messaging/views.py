from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from messaging import selectors, services
from messaging.forms import MessageForm
from messaging.models import Participant
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, posted


@login_required
def conversation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    conversations = selectors.my_conversations(user=request.user).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("user"))
    )
    # Each conversation with the names of the other people in it: "who" matters more than "what".
    rows = [
        (
            conversation,
            [
                p.user.public_name
                for p in conversation.participants.all()
                if p.user_id != request.user.pk
            ],
        )
        for conversation in conversations
    ]
    return render(request, "messaging/conversation_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: AuthenticatedHttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.get_conversation_for_participant(
        user=request.user, conversation_id=conversation_id
    )
    form = MessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(
                conversation=conversation, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(conversation.get_absolute_url() + "#latest")
    # The subject is any model (a swap, later a ride…): linked when it has a page.
    subject_url = getattr(conversation.subject, "get_absolute_url", None)
    return render(
        request,
        "messaging/conversation_detail.html",
        {
            "conversation": conversation,
            "subject_url": subject_url() if subject_url else "",
            "participants": selectors.participants_of(conversation=conversation),
            "thread": selectors.latest_messages(conversation=conversation),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/notification_list.html",
        {"notifications": selectors.my_notifications(user=request.user)},
    )


@login_required
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    """Follows a notification to what it is about, and counts it as read on the way.

    A GET with a side effect, on purpose: it only marks the viewer's own notification, and a
    link is what a neighbour expects to tap."""
    notification = selectors.get_notification_for_owner(
        user=request.user, notification_id=notification_id
    )
    services.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    return redirect(url_has_allowed_host_and_scheme_or_home(notification.url))


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("messaging:notifications")


def url_has_allowed_host_and_scheme_or_home(url: str) -> str:
    # Notification URLs are written by our own services; still, never redirect off the site.
    return url if url.startswith("/") and not url.startswith("//") else "/"
