"""Serializers of the account API: me, my tokens, and the person card others see."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from neighbourhood.accounts.forms import clean_public_name
from neighbourhood.accounts.models import Language, PersonalToken, User, validate_timezone


class PersonSerializer(serializers.ModelSerializer):
    """What other residents may see of someone: their public name, never their e-mail."""

    display_name = serializers.CharField(source="public_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name"]
        read_only_fields = ["id"]


class MeSerializer(serializers.ModelSerializer):
    timezone = serializers.CharField(max_length=64, validators=[validate_timezone])
    language = serializers.ChoiceField(choices=Language.choices)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "bio", "language", "timezone"]
        read_only_fields = ["id", "email"]

    def validate_display_name(self, value: str) -> str:
        try:
            return clean_public_name(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalToken
        fields = ["id", "name", "hint", "created_at", "last_used_at"]
        read_only_fields = ["id", "hint", "created_at", "last_used_at"]


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once: store it now.")

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]


class EraseSerializer(serializers.Serializer):
    # As the page's form does: the password proves the person at the keyboard is the owner.
    password = serializers.CharField(write_only=True)

    def validate_password(self, password: str) -> str:
        if not self.context["request"].user.check_password(password):
            raise serializers.ValidationError(_("This is not your password."))
        return password
